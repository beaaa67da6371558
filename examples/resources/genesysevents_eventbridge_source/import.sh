# The import id is the source id.
terraform import genesysevents_eventbridge_source.orders 5f0c7d1e-2a4b-4c6d-8e9f-0a1b2c3d4e5f
