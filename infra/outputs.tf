output "api_url" {
  description = "The API's public HTTPS address (Container Apps ingress)."
  value       = "https://${azurerm_container_app.api.ingress[0].fqdn}"
}

output "database_host" {
  description = "The PostgreSQL server's host name, resolvable only inside the virtual network."
  value       = azurerm_postgresql_flexible_server.main.fqdn
}

output "db_apply_job" {
  description = "Start before each rollout: az containerapp job start -g <resource_group> -n <db_apply_job>."
  value       = azurerm_container_app_job.db_apply.name
}

output "resource_group" {
  description = "The resource group holding everything."
  value       = azurerm_resource_group.main.name
}
