# Every EventBridge integration of the organization, e.g. to adopt them with import blocks
# (docs/adopting-an-org.md). Names are not unique: adopt by id.
data "genesysevents_eventbridge_integrations" "all" {}

output "eventbridge_integration_ids" {
  value = data.genesysevents_eventbridge_integrations.all.ids
}
