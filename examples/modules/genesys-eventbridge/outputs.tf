output "integration_id" {
  description = "The integration id (its import id)."
  value       = genesysevents_eventbridge_integration.this.id
}

output "partner_event_source_name" {
  description = "The AWS partner event source: the event_source_name of the aws_cloudwatch_event_bus that receives the events."
  value       = genesysevents_eventbridge_integration.this.partner_event_source_name
}

output "organization_id" {
  description = "The Genesys Cloud organization id."
  value       = data.genesysevents_organization.this.id
}

output "reported_state" {
  description = "What the platform reports: ACTIVE once events flow (INACTIVE when disabled)."
  value       = genesysevents_eventbridge_integration.this.reported_state
}
