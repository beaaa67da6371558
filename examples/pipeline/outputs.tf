output "topic_id" {
  description = "The EventBridge topic the source reads."
  value       = data.genesysevents_eventbridge_topic.cx.id
}

output "target_id" {
  value = genesysevents_eventbridge_target.relay.id
}

output "target_status" {
  description = "VERIFIED once the platform has reached target_url."
  value       = genesysevents_eventbridge_target.relay.status
}

output "source_id" {
  value = genesysevents_eventbridge_source.cx.id
}

output "source_status" {
  value = genesysevents_eventbridge_source.cx.status
}

output "webhook_id" {
  value = genesysevents_webhook.queue_alerts.id
}

output "event_subscription_id" {
  value = genesysevents_event_subscription.queue_alerts.id
}

output "destination_id" {
  value = genesysevents_destination.aws.id
}

output "eventbridge_subscription_id" {
  value = genesysevents_eventbridge_subscription.contacts.id
}
