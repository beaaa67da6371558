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

# With OpenTofu or Terraform >= 1.11 a secret can stay out of state and plan through its
# write-only twin (`password_wo`, `client_secret_wo`, `token_wo`). Its value is never stored,
# so change the matching `_wo_version` to send a new one.
variable "billing_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "genesysevents_eventbridge_target" "billing" {
  name         = "billing"
  endpoint_url = "https://gateway.example.com/v1/billing"
  auth_type    = "JWT"
  auth_config  = { token_wo = var.billing_token, token_wo_version = 1 }
  event_types  = ["CONVERSATION_STARTED"]
}
