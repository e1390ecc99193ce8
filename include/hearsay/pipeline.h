// Pipeline: an ordered list of components, each filling columns of a Document.
//
// A Component declares which columns it requires and which it assigns;
// Pipeline::Create checks that every requirement is assigned by an earlier
// component, so a misordered pipeline fails when it is built, not with wrong
// output later. Components are immutable once built (models loaded), so one
// Pipeline may process many Documents from many threads at once.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hearsay/document.h"
#include "hearsay/status.h"

namespace hearsay {

class Component {
 public:
  virtual ~Component() = default;
  virtual std::string_view name() const = 0;
  virtual ColumnSet requires_columns() const = 0;
  virtual ColumnSet assigns_columns() const = 0;
  // Fills this component's columns of `doc`. Must be safe to call from
  // several threads at once on different documents.
  virtual Status Process(Document& doc) const = 0;
};

// What a component needs from outside to be built.
struct ComponentConfig {
  // Directory holding the trained model files (tagger.hsm, parser.hsm, …).
  // Defaults to DefaultModelsDirectory().
  std::string models_dir;
};

// $HEARSAY_MODELS if set, else the models/ folder of the source tree this
// binary was built from.
std::string DefaultModelsDirectory();

// Builds a component from its registered name.
using ComponentFactory = std::function<Result<std::unique_ptr<Component>>(const ComponentConfig&)>;

// The components this build knows by name, in their default order
// ("tokenizer", "sentences", ...).
std::vector<std::string> RegisteredComponentNames();
// Builds the named component, or kNotFound listing the known names.
Result<std::unique_ptr<Component>> CreateComponent(std::string_view name, const ComponentConfig& config = {});

class Pipeline {
 public:
  // Checks the order; kFailedPrecondition names the first unmet requirement.
  // `given` lists columns the documents will already have (e.g. gold tokens
  // and sentences when evaluating a stage), counted as assigned.
  static Result<Pipeline> Create(std::vector<std::unique_ptr<Component>> components, ColumnSet given = 0);
  // Builds the named components in the given order, e.g. {"tokenizer","sentences"}.
  static Result<Pipeline> FromNames(const std::vector<std::string>& names, const ComponentConfig& config = {},
                                    ColumnSet given = 0);
  // The default pipeline: every registered component.
  static Result<Pipeline> Default(const ComponentConfig& config = {});

  // Runs every component in order; stops at the first error.
  Status Process(Document& doc) const;

  std::vector<std::string_view> component_names() const;

 private:
  std::vector<std::shared_ptr<const Component>> components_;
};

}  // namespace hearsay
