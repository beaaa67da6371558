# Every EventBridge subscription of the organization ...
data "genesysevents_eventbridge_subscriptions" "all" {}

# ... or only those whose name starts with "contact-center-".
data "genesysevents_eventbridge_subscriptions" "contact_center" {
  name_regex = "^contact-center-"
}

# Their ids, e.g. to adopt them with import blocks (docs/adopting-an-org.md).
output "contact_center_eventbridge_subscription_ids" {
  value = data.genesysevents_eventbridge_subscriptions.contact_center.ids
}
