variable "relay_password" {
  type      = string
  sensitive = true
}

resource "genesysevents_eventbridge_target" "orders" {
  name         = "orders"
  endpoint_url = "https://gateway.example.com/v1/events"
  auth_type    = "BASIC"
  auth_config  = { username = "relay", password = var.relay_password }
  retry_policy = { max_retries = 5, backoff_strategy = "EXPONENTIAL", initial_delay_seconds = 2 }
  event_types  = ["CONVERSATION_STARTED"]

  timeouts {
    create = "5m"
  }
}
