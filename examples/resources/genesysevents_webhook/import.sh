# The import id is the webhook id. The signing key is never returned by the API: the first apply
# after an import sends it again.
terraform import genesysevents_webhook.ops 5f0c7d1e-2a4b-4c6d-8e9f-0a1b2c3d4e5f
