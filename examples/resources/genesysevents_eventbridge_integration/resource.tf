# The Genesys side of Amazon EventBridge on a real organization (the Platform API's
# amazon-eventbridge-source integration). Apply makes Genesys Cloud create the partner event
# source in the AWS account; attach an event bus to it with the AWS provider (see
# examples/modules/genesys-eventbridge).
resource "genesysevents_eventbridge_integration" "prod" {
  name                = "gc-events-prod"
  aws_account_id      = "123456789012"
  aws_region          = "us-east-1"
  event_source_suffix = "gc-events-prod"
  topic_filters = [
    "v2.detail.events.conversation.{id}.customer.end",
    "v2.users.{id}.presence",
  ]
  notes = "managed by terraform"

  timeouts {
    create = "5m"
  }
}

output "partner_event_source_name" {
  value = genesysevents_eventbridge_integration.prod.partner_event_source_name
}
