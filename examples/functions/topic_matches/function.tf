variable "event_filter" {
  type    = list(string)
  default = ["v2.detail.events.conversation.{id}.customer.end"]
}

# Whether the filter lets conversation 4b1c's customer-end events through.
output "customer_end_delivered" {
  value = anytrue([
    for pattern in var.event_filter :
    provider::genesysevents::topic_matches(pattern, "v2.detail.events.conversation.4b1c.customer.end")
  ])
}
