# Every EventBridge target of the organization ...
data "genesysevents_eventbridge_targets" "all" {}

# ... or only those whose name starts with "orders-".
data "genesysevents_eventbridge_targets" "orders" {
  name_regex = "^orders-"
}

# Their ids, e.g. to adopt them with import blocks (docs/adopting-an-org.md).
output "orders_eventbridge_target_ids" {
  value = data.genesysevents_eventbridge_targets.orders.ids
}
