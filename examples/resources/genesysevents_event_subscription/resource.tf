resource "genesysevents_webhook" "ops" {
  name            = "ops-events"
  destination_url = "https://hooks.example.com/genesys"
}

resource "genesysevents_event_subscription" "queue" {
  name       = "queue-events"
  webhook_id = genesysevents_webhook.ops.id
  filter = {
    event_type = ["routing.queueEvent"]
    attributes = { queueId = "q-1" }
  }
}
