# Adopting an existing organization (docs/adopting-an-org.md): the listing data sources find
# every object of every kind, and the `import_blocks` output renders one import block per
# object for `plan -generate-config-out` to write the configuration of. Config generation
# refuses `import { for_each = ... }` blocks (every CLI version), so the blocks are rendered one
# per object instead; they work with Terraform >= 1.5 and OpenTofu >= 1.6.

terraform {
  required_providers {
    genesysevents = { source = "genesys-events/genesysevents" }
  }
}

variable "api_url" {
  description = "API base URL, e.g. the emulator's (http://127.0.0.1:8787). Against Genesys Cloud leave it null and set GENESYSCLOUD_AWS_REGION (or the provider's aws_region) instead."
  type        = string
  default     = null
}

variable "oauthclient_id" {
  description = "OAuth client id. Leave null to take it from GENESYSCLOUD_OAUTHCLIENT_ID."
  type        = string
  default     = null
}

variable "oauthclient_secret" {
  description = "OAuth client secret. Leave null to take it from GENESYSCLOUD_OAUTHCLIENT_SECRET."
  type        = string
  default     = null
  sensitive   = true
}

variable "name_regex" {
  description = "Adopt only the objects whose name contains a match of this regular expression (ECMAScript syntax, case-sensitive), e.g. \"^orders-\". Null: every object."
  type        = string
  default     = null
}

provider "genesysevents" {
  api_url            = var.api_url
  oauthclient_id     = var.oauthclient_id
  oauthclient_secret = var.oauthclient_secret
}

data "genesysevents_webhooks" "all" {
  name_regex = var.name_regex
}

data "genesysevents_event_subscriptions" "all" {
  name_regex = var.name_regex
}

data "genesysevents_eventbridge_subscriptions" "all" {
  name_regex = var.name_regex
}

data "genesysevents_eventbridge_targets" "all" {
  name_regex = var.name_regex
}

data "genesysevents_eventbridge_sources" "all" {
  name_regex = var.name_regex
}

data "genesysevents_destinations" "all" {
  name_regex = var.name_regex
}

data "genesysevents_eventbridge_integrations" "all" {
  name_regex = var.name_regex
}

locals {
  # Resource type => the objects of that kind.
  listed = {
    genesysevents_webhook                  = data.genesysevents_webhooks.all.items
    genesysevents_event_subscription       = data.genesysevents_event_subscriptions.all.items
    genesysevents_eventbridge_subscription = data.genesysevents_eventbridge_subscriptions.all.items
    genesysevents_eventbridge_target       = data.genesysevents_eventbridge_targets.all.items
    genesysevents_eventbridge_source       = data.genesysevents_eventbridge_sources.all.items
    genesysevents_destination              = data.genesysevents_destinations.all.items
    genesysevents_eventbridge_integration  = data.genesysevents_eventbridge_integrations.all.items
  }
  # Each object's resource address: its name made a valid label (characters other than
  # letters, digits, '_' and '-' become '_'; a leading digit or '-' gets a '_' in front).
  adoptions = flatten([
    for type, items in local.listed : [
      for item in items : {
        address = "${type}.${replace(replace(item.name, "/[^A-Za-z0-9_-]/", "_"), "/^([0-9-])/", "_$1")}"
        id      = item.id
      }
    ]
  ])
}

output "adopted_count" {
  description = "How many objects the import blocks adopt."
  value       = length(local.adoptions)
}

output "import_blocks" {
  description = "One import block per listed object. Write it to imports.tf, then run plan -generate-config-out=generated.tf."
  value       = join("", [for a in local.adoptions : "import {\n  to = ${a.address}\n  id = \"${a.id}\"\n}\n\n"])

  precondition {
    condition     = length(distinct(local.adoptions[*].address)) == length(local.adoptions)
    error_message = "Two objects of one kind have names that give the same resource label (they differ only in characters other than letters, digits, '_' and '-'): rename one of them."
  }
}
