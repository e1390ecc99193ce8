#include "hearsay/pipeline.h"

#include "text/sentence_splitter.h"
#include "text/tokenizer.h"

namespace hearsay {
namespace {

struct Registration {
  std::string_view name;
  ComponentFactory factory;
};

// Every component this build knows, in the order the default pipeline runs
// them. New stages (tagger, parser, …) register here.
const std::vector<Registration>& Registry() {
  static const std::vector<Registration> kRegistry = {
      {"tokenizer", [] { return Result<std::unique_ptr<Component>>(std::make_unique<text::Tokenizer>()); }},
      {"sentences",
       [] { return Result<std::unique_ptr<Component>>(std::make_unique<text::SentenceSplitter>()); }},
  };
  return kRegistry;
}

}  // namespace

std::vector<std::string> RegisteredComponentNames() {
  std::vector<std::string> names;
  for (const auto& r : Registry()) names.emplace_back(r.name);
  return names;
}

Result<std::unique_ptr<Component>> CreateComponent(std::string_view name) {
  std::string known;
  for (const auto& r : Registry()) {
    if (r.name == name) return r.factory();
    if (!known.empty()) known += ", ";
    known += r.name;
  }
  return Status(StatusCode::kNotFound,
                "no pipeline component named '" + std::string(name) + "' (known: " + known + ")");
}

Result<Pipeline> Pipeline::Create(std::vector<std::unique_ptr<Component>> components) {
  Pipeline pipeline;
  ColumnSet assigned = 0;
  for (auto& component : components) {
    if (!component) return Status(StatusCode::kInvalidArgument, "null pipeline component");
    const ColumnSet missing = component->requires_columns() & ~assigned;
    if (missing != 0) {
      return Status(StatusCode::kFailedPrecondition, "pipeline component '" + std::string(component->name()) +
                                                         "' requires " + ColumnSetName(missing) +
                                                         ", which no earlier component assigns");
    }
    assigned |= component->assigns_columns();
    pipeline.components_.push_back(std::move(component));
  }
  return pipeline;
}

Result<Pipeline> Pipeline::FromNames(const std::vector<std::string>& names) {
  std::vector<std::unique_ptr<Component>> components;
  for (const std::string& name : names) {
    auto component = CreateComponent(name);
    if (!component.ok()) return component.status();
    components.push_back(std::move(component).value());
  }
  return Create(std::move(components));
}

Result<Pipeline> Pipeline::Default() {
  return FromNames(RegisteredComponentNames());
}

Status Pipeline::Process(Document& doc) const {
  for (const auto& component : components_) HEARSAY_RETURN_IF_ERROR(component->Process(doc));
  return Status::Ok();
}

std::vector<std::string_view> Pipeline::component_names() const {
  std::vector<std::string_view> names;
  for (const auto& c : components_) names.push_back(c->name());
  return names;
}

}  // namespace hearsay
