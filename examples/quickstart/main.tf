# The README's main job: event routing on the bundled emulator (scripts/quickstart.sh).
# Against the real platform, set aws_region and credentials instead of api_url.
terraform {
  required_providers {
    genesysevents = { source = "genesys-events/genesysevents" }
  }
}

variable "api_url" {
  description = "API base URL; the quickstart points it at the emulator."
  type        = string
}

variable "signing_key" {
  description = "HMAC key that signs deliveries."
  type        = string
  sensitive   = true
  default     = "quickstart-signing-key-0123456789"
}

provider "genesysevents" {
  api_url = var.api_url
  # Credentials come from GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET.
}

resource "genesysevents_webhook" "ops" {
  name            = "ops-events"
  description     = "Operational events for the on-call channel"
  destination_url = "https://hooks.example.com/genesys"
  signing_key     = var.signing_key
  header_overrides = {
    "x-team" = "ops"
  }
  retry_policy = {
    retry_count            = 5
    retry_interval_seconds = 30
  }
}

output "webhook_id" {
  value = genesysevents_webhook.ops.id
}
