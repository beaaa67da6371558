terraform {
  required_providers {
    genesysevents = {
      source = "genesys-events/genesysevents"
    }
  }
}

# Against Genesys Cloud: a region and an OAuth client (client-credentials grant).
# The credentials usually come from GENESYSCLOUD_OAUTHCLIENT_ID and
# GENESYSCLOUD_OAUTHCLIENT_SECRET instead of the configuration.
provider "genesysevents" {
  aws_region          = "eu-west-1"
  oauthclient_id      = var.oauthclient_id
  oauthclient_secret  = var.oauthclient_secret
  requests_per_minute = 300
  max_retries         = 3
}

# Against the bundled emulator (genesys-emulator --port 8787), whose default
# client is demo-client / demo-secret.
provider "genesysevents" {
  alias              = "emulator"
  api_url            = "http://127.0.0.1:8787"
  oauthclient_id     = "demo-client"
  oauthclient_secret = "demo-secret"
}

# Operational outputs (docs/operations.md): an audit line per change, a Prometheus textfile,
# and a signed notification of every successful change.
provider "genesysevents" {
  alias          = "audited"
  aws_region     = "eu-west-1"
  audit_log_path = "/var/log/genesysevents/audit.jsonl"
  metrics_path   = "/var/lib/node_exporter/textfile/genesysevents.prom"
  change_webhook = {
    url            = "https://hooks.example.com/genesys-changes"
    signing_secret = var.change_webhook_secret
  }
}

variable "change_webhook_secret" {
  type      = string
  sensitive = true
}

variable "oauthclient_id" {
  type = string
}

variable "oauthclient_secret" {
  type      = string
  sensitive = true
}
