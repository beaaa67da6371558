# Every event subscription of the organization ...
data "genesysevents_event_subscriptions" "all" {}

# ... or only those whose name starts with "queue-".
data "genesysevents_event_subscriptions" "queue" {
  name_regex = "^queue-"
}

# Their ids, e.g. to adopt them with import blocks (docs/adopting-an-org.md).
output "queue_event_subscription_ids" {
  value = data.genesysevents_event_subscriptions.queue.ids
}
