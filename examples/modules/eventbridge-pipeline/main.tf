# A complete EventBridge pipeline: the topic (looked up by name) feeds a source whose single
# target delivers to `endpoint_url`. The target is verified before the source refers to it.
terraform {
  required_providers {
    genesysevents = { source = "genesys-events/genesysevents" }
  }
}

data "genesysevents_eventbridge_topic" "this" {
  name = var.topic_name
}

resource "genesysevents_eventbridge_target" "this" {
  name         = var.name
  endpoint_url = var.endpoint_url
  event_types  = var.event_types != null ? var.event_types : tolist(data.genesysevents_eventbridge_topic.this.event_types)

  timeouts {
    create = var.timeout
    update = var.timeout
  }
}

resource "genesysevents_eventbridge_source" "this" {
  name           = var.name
  event_topic_id = data.genesysevents_eventbridge_topic.this.id
  filters        = length(var.filters) > 0 ? var.filters : null
  targets        = [{ target_id = genesysevents_eventbridge_target.this.id, priority = 1 }]

  timeouts {
    create = var.timeout
    update = var.timeout
    delete = var.timeout
  }
}
