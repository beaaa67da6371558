# The import id is the target id. Secrets in auth_config are not readable: the first apply
# after an import sends them again.
terraform import genesysevents_eventbridge_target.orders 5f0c7d1e-2a4b-4c6d-8e9f-0a1b2c3d4e5f
