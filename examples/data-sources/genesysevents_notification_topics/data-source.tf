# The conversation topics an EventBridge integration may filter on.
data "genesysevents_notification_topics" "eventbridge" {
  transport   = "EventBridge"
  name_prefix = "v2.detail.events.conversation"
}

output "eventbridge_conversation_topics" {
  value = data.genesysevents_notification_topics.eventbridge.ids
}
