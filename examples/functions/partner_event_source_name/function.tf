variable "genesys_org_id" {
  description = "The organization's id (GET /api/v2/organizations/me)."
  type        = string
}

# The event bus that receives the integration's events in the customer's AWS account.
resource "aws_cloudwatch_event_bus" "genesys" {
  name              = "genesys-events"
  event_source_name = provider::genesysevents::partner_event_source_name(var.genesys_org_id, "gc-events-prod")
}
