# The organization of the provider's credentials; its id is part of every partner event source
# name.
data "genesysevents_organization" "me" {}

output "organization_id" {
  value = data.genesysevents_organization.me.id
}
