// tfplugin6.Provider over gRPC: decodes each request against the schema of its type, calls
// the mapping layer, and encodes the answer. Every failure leaves as a diagnostic; gRPC
// status errors are reserved for transport problems (docs/reference/plugin-protocol.md §5.4).
#pragma once

#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mapping/provider.h"
#include "tfplugin6.grpc.pb.h"

namespace ge::plugin {

class ProviderService final : public tfplugin6::Provider::Service {
 public:
  // The provider is loaded while the server starts, so the handshake line never waits for it;
  // every RPC waits for it instead (microseconds after start).
  explicit ProviderService(std::shared_future<std::shared_ptr<mapping::Provider>> provider);

  grpc::Status GetMetadata(grpc::ServerContext*, const tfplugin6::ProviderMetadata::Request*,
                           tfplugin6::ProviderMetadata::Response*) override;
  grpc::Status GetProviderSchema(grpc::ServerContext*, const tfplugin6::GetProviderSchema::Request*,
                                 tfplugin6::GetProviderSchema::Response*) override;
  grpc::Status GetFunctions(grpc::ServerContext*, const tfplugin6::GetFunctions::Request*,
                            tfplugin6::GetFunctions::Response*) override;
  grpc::Status CallFunction(grpc::ServerContext*, const tfplugin6::CallFunction::Request*,
                            tfplugin6::CallFunction::Response*) override;
  grpc::Status GetResourceIdentitySchemas(grpc::ServerContext*, const tfplugin6::GetResourceIdentitySchemas::Request*,
                                          tfplugin6::GetResourceIdentitySchemas::Response*) override;
  grpc::Status ValidateProviderConfig(grpc::ServerContext*, const tfplugin6::ValidateProviderConfig::Request*,
                                      tfplugin6::ValidateProviderConfig::Response*) override;
  grpc::Status ValidateResourceConfig(grpc::ServerContext*, const tfplugin6::ValidateResourceConfig::Request*,
                                      tfplugin6::ValidateResourceConfig::Response*) override;
  grpc::Status ValidateDataResourceConfig(grpc::ServerContext*, const tfplugin6::ValidateDataResourceConfig::Request*,
                                          tfplugin6::ValidateDataResourceConfig::Response*) override;
  grpc::Status UpgradeResourceState(grpc::ServerContext*, const tfplugin6::UpgradeResourceState::Request*,
                                    tfplugin6::UpgradeResourceState::Response*) override;
  grpc::Status ConfigureProvider(grpc::ServerContext*, const tfplugin6::ConfigureProvider::Request*,
                                 tfplugin6::ConfigureProvider::Response*) override;
  grpc::Status ReadResource(grpc::ServerContext*, const tfplugin6::ReadResource::Request*,
                            tfplugin6::ReadResource::Response*) override;
  grpc::Status PlanResourceChange(grpc::ServerContext*, const tfplugin6::PlanResourceChange::Request*,
                                  tfplugin6::PlanResourceChange::Response*) override;
  grpc::Status ApplyResourceChange(grpc::ServerContext*, const tfplugin6::ApplyResourceChange::Request*,
                                   tfplugin6::ApplyResourceChange::Response*) override;
  grpc::Status ImportResourceState(grpc::ServerContext*, const tfplugin6::ImportResourceState::Request*,
                                   tfplugin6::ImportResourceState::Response*) override;
  grpc::Status ReadDataSource(grpc::ServerContext*, const tfplugin6::ReadDataSource::Request*,
                              tfplugin6::ReadDataSource::Response*) override;
  grpc::Status StopProvider(grpc::ServerContext*, const tfplugin6::StopProvider::Request*,
                            tfplugin6::StopProvider::Response*) override;

 private:
  mapping::Provider& provider();
  // True, after adding the error naming them, when ConfigureProvider saw unknown arguments: the
  // RPCs that need the API (read, apply, import, data sources) call it first.
  bool configuration_unknown(base::Diagnostics& diags);

  std::shared_future<std::shared_ptr<mapping::Provider>> loading_;
  std::once_flag schema_once_;
  tfplugin6::GetProviderSchema::Response schema_response_;  // built once, served many times
  // Terraform configures the provider during plan even when an argument comes from a value
  // known only after apply; the configuration then waits for the apply walk's ConfigureProvider,
  // and plans (which need no API) go ahead meanwhile.
  std::mutex unknown_mu_;
  std::vector<std::string> unknown_arguments_;
};

}  // namespace ge::plugin
