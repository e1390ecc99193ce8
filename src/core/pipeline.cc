#include "hearsay/pipeline.h"

#include <cstdlib>

#include "attribution/quotations.h"
#include "attribution/statements.h"
#include "nlp/entities.h"
#include "nlp/lemmatizer.h"
#include "nlp/parser.h"
#include "nlp/tagger.h"
#include "text/sentence_splitter.h"
#include "text/tokenizer.h"

namespace hearsay {
namespace {

// Factory of a component that needs no configuration.
template <typename T>
Result<std::unique_ptr<Component>> Make(const ComponentConfig&) {
  return std::unique_ptr<Component>(std::make_unique<T>());
}

struct Registration {
  std::string_view name;
  ComponentFactory factory;
};

// Every component this build knows, in the order the default pipeline runs
// them. New stages (tagger, parser, …) register here.
const std::vector<Registration>& Registry() {
  static const std::vector<Registration> kRegistry = {
      {"tokenizer", Make<text::Tokenizer>},
      {"sentences", Make<text::SentenceSplitter>},
      {"quotations", Make<attribution::QuotationFinder>},
      {"tagger", nlp::Tagger::Create},
      {"lemmatizer", nlp::Lemmatizer::Create},
      {"parser", nlp::Parser::Create},
      {"entities", nlp::EntityRecognizer::Create},
      {"attributions", attribution::AttributionExtractor::Create},
  };
  return kRegistry;
}

}  // namespace

std::vector<std::string> RegisteredComponentNames() {
  std::vector<std::string> names;
  for (const auto& r : Registry()) names.emplace_back(r.name);
  return names;
}

std::string DefaultModelsDirectory() {
  if (const char* env = std::getenv("HEARSAY_MODELS"); env != nullptr && *env != '\0') return env;
  return HEARSAY_DEFAULT_MODELS_DIR;
}

Result<std::unique_ptr<Component>> CreateComponent(std::string_view name, const ComponentConfig& config) {
  ComponentConfig resolved = config;
  if (resolved.models_dir.empty()) resolved.models_dir = DefaultModelsDirectory();
  std::string known;
  for (const auto& r : Registry()) {
    if (r.name == name) return r.factory(resolved);
    if (!known.empty()) known += ", ";
    known += r.name;
  }
  return Status(StatusCode::kNotFound,
                "no pipeline component named '" + std::string(name) + "' (known: " + known + ")");
}

Result<Pipeline> Pipeline::Create(std::vector<std::unique_ptr<Component>> components, ColumnSet given) {
  Pipeline pipeline;
  ColumnSet assigned = given;
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

Result<Pipeline> Pipeline::FromNames(const std::vector<std::string>& names, const ComponentConfig& config,
                                     ColumnSet given) {
  std::vector<std::unique_ptr<Component>> components;
  for (const std::string& name : names) {
    auto component = CreateComponent(name, config);
    if (!component.ok()) return component.status();
    components.push_back(std::move(component).value());
  }
  return Create(std::move(components), given);
}

Result<Pipeline> Pipeline::Default(const ComponentConfig& config) {
  return FromNames(RegisteredComponentNames(), config);
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
