data "genesysevents_eventbridge_topic" "conversations" {
  name = "Genesys CX events"
}

resource "genesysevents_eventbridge_target" "orders" {
  name         = "orders"
  endpoint_url = "https://gateway.example.com/v1/events"
  # A source's targets must carry every event type of its topic.
  event_types = data.genesysevents_eventbridge_topic.conversations.event_types
}

resource "genesysevents_eventbridge_source" "orders" {
  name           = "orders"
  event_topic_id = data.genesysevents_eventbridge_topic.conversations.id
  filters = [{
    name       = "high-priority"
    conditions = [{ field = "priority", operator = "equals", value = "high" }]
  }]
  targets = [{ target_id = genesysevents_eventbridge_target.orders.id, priority = 1 }]

  timeouts {
    create = "10m"
    delete = "10m"
  }
}
