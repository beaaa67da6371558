output "topic_id" {
  description = "Id of the EventBridge topic the pipeline reads."
  value       = data.genesysevents_eventbridge_topic.this.id
}

output "target_id" {
  description = "Id of the EventBridge target."
  value       = genesysevents_eventbridge_target.this.id
}

output "target_status" {
  description = "Verification status of the target (VERIFIED once the endpoint answered)."
  value       = genesysevents_eventbridge_target.this.status
}

output "source_id" {
  description = "Id of the EventBridge source."
  value       = genesysevents_eventbridge_source.this.id
}
