resource "genesysevents_eventbridge_subscription" "cc" {
  name          = "contact-center"
  topic_arn     = "arn:aws:events:us-east-1:123456789012:topic/genesys-cx-events"
  filter_policy = jsonencode({ eventType = ["routing.contact.queued"] })
  destination = {
    url      = "https://api.example.com/events"
    role_arn = "arn:aws:iam::123456789012:role/genesys"
  }
}
