terraform {
  required_providers {
    genesysevents = { source = "genesys-events/genesysevents" }
  }
}

# The organization whose id names the partner event source.
data "genesysevents_organization" "this" {}

resource "genesysevents_eventbridge_integration" "this" {
  name                = var.name
  aws_account_id      = var.aws_account_id
  aws_region          = var.aws_region
  event_source_suffix = coalesce(var.event_source_suffix, var.name)
  topic_filters       = var.topic_filters
  enabled             = var.enabled
  notes               = "managed by terraform (module genesys-eventbridge)"
}
