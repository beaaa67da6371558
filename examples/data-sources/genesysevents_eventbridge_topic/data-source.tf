# Look a topic up by name (exact, case-insensitive) ...
data "genesysevents_eventbridge_topic" "conversations" {
  name = "Genesys CX events"
}

# ... or by id.
data "genesysevents_eventbridge_topic" "queues" {
  id = "genesys-queue-events"
}

output "conversation_event_types" {
  value = data.genesysevents_eventbridge_topic.conversations.event_types
}
