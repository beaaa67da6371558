# Every webhook of the organization ...
data "genesysevents_webhooks" "all" {}

# ... or only those whose name starts with "orders-".
data "genesysevents_webhooks" "orders" {
  name_regex = "^orders-"
}

# Their ids, e.g. to adopt them with import blocks (docs/adopting-an-org.md).
output "orders_webhook_ids" {
  value = data.genesysevents_webhooks.orders.ids
}
