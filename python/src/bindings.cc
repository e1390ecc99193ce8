// hearsay._hearsay: the C++ half of the hearsay Python package, kept thin on
// purpose (like fastText's): it builds a Pipeline, runs it on texts with the
// GIL released, and hands back each document as the CLI's json-compact line
// (io::DocumentToJson). Everything Pythonic (Doc, Statement, pipe batching,
// pandas, Dask) lives in python/hearsay/*.py on top of that one format, so
// doc.to_dict() is the CLI's JSON by construction and offsets are code points.
//
// Contract of the module (the .pyi stub in python/hearsay/ spells it out):
//   Pipeline(models_dir: str, components: list[str] | None)
//     builds the pipeline; raises HearsayError naming the file on a bad
//     models directory or model, ValueError on an unknown component;
//   Pipeline.process(item) -> str
//   Pipeline.process_batch(items, threads) -> list[str | HearsayError]
//     item = (text, id, url, source, published, title, language, extra_json);
//     a failing document yields a HearsayError in its place (the others are
//     still processed); threads workers share the immutable pipeline.
// The GIL is released while C++ works, so Python threads (and Dask's) run
// other documents at the same time.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "hearsay/document.h"
#include "hearsay/pipeline.h"
#include "hearsay/status.h"
#include "io/document_json.h"

namespace py = pybind11;

namespace hearsay::python {
namespace {

// Raised for every failing Status; the message is Status::ToString(), e.g.
// "E2 not-found: /x/models/tagger.hsm: cannot open ...".
struct StatusError {
  Status status;
};

// What Python passes per document: text, id, url, source, published, title,
// language, extra_json (a serialised JSON object or "").
using Item = std::tuple<py::str, std::string, std::string, std::string, std::string, std::string, std::string,
                        std::string>;

// A document ready for the pipeline, converted while the GIL is held.
struct Input {
  std::string text;
  DocumentMetadata metadata;
};

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Converts one item; raises UnicodeEncodeError (lone surrogates) or
// ValueError (a NUL character, which the CLI's readers refuse as binary).
Input ToInput(const Item& item) {
  Input in;
  Py_ssize_t size = 0;
  const char* utf8 = PyUnicode_AsUTF8AndSize(std::get<0>(item).ptr(), &size);
  if (utf8 == nullptr) throw py::error_already_set();
  in.text.assign(utf8, static_cast<std::size_t>(size));
  if (const void* nul = std::memchr(in.text.data(), '\0', in.text.size()); nul != nullptr) {
    const std::string_view before(in.text.data(), static_cast<const char*>(nul) - in.text.data());
    const auto code_points = std::count_if(
        before.begin(), before.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    throw py::value_error("text contains a NUL character at position " + std::to_string(code_points) +
                          " (hearsay reads text, not binary data)");
  }
  // As the readers do: a leading byte-order mark is not part of the text.
  if (in.text.starts_with(kBom)) in.text.erase(0, kBom.size());
  DocumentMetadata& m = in.metadata;
  std::tie(std::ignore, m.id, m.url, m.source, m.published, m.title, m.language, m.extra_json) = item;
  if (m.language.empty()) m.language = "en";
  return in;
}

// Runs the pipeline on one input; the json-compact line or the failure.
Result<std::string> Run(const Pipeline& pipeline, Input&& in) {
  const std::string id = in.metadata.id;
  Document doc(std::move(in.text), std::move(in.metadata));
  const Status status = pipeline.Process(doc);
  if (!status.ok()) {
    return Status(status.code(),
                  (id.empty() ? std::string("document") : "document '" + id + "'") + ": " + status.message());
  }
  return io::DocumentJsonText(doc);
}

class PyPipeline {
 public:
  PyPipeline(const std::string& models_dir, const std::optional<std::vector<std::string>>& components) {
    ComponentConfig config;
    config.models_dir = models_dir;
    Result<Pipeline> pipeline =
        components ? Pipeline::FromNames(*components, config) : Pipeline::Default(config);
    if (!pipeline.ok()) throw StatusError{pipeline.status()};
    pipeline_.emplace(std::move(pipeline).value());
  }

  std::vector<std::string> component_names() const {
    std::vector<std::string> names;
    for (std::string_view name : pipeline_->component_names()) names.emplace_back(name);
    return names;
  }

  py::str Process(const Item& item) const {
    Input in = ToInput(item);
    std::optional<Result<std::string>> out;
    {
      py::gil_scoped_release release;
      out.emplace(Run(*pipeline_, std::move(in)));
    }
    if (!out->ok()) throw StatusError{out->status()};
    return py::str(out->value());
  }

  py::list ProcessBatch(const std::vector<Item>& items, int threads) const {
    if (threads < 1) throw py::value_error("threads must be at least 1, got " + std::to_string(threads));
    std::vector<Input> inputs;
    inputs.reserve(items.size());
    for (const Item& item : items) inputs.push_back(ToInput(item));
    std::vector<std::optional<Result<std::string>>> outputs(inputs.size());
    {
      py::gil_scoped_release release;
      // Workers take the next document from a shared counter: the pipeline
      // is immutable, each document is touched by one thread only.
      std::atomic<std::size_t> next{0};
      auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < inputs.size();)
          outputs[i].emplace(Run(*pipeline_, std::move(inputs[i])));
      };
      const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(threads), inputs.size());
      std::vector<std::thread> pool;
      for (std::size_t t = 1; t < workers; ++t) pool.emplace_back(work);
      work();
      for (std::thread& thread : pool) thread.join();
    }
    py::list result;
    const py::object error_type = py::module_::import("hearsay._hearsay").attr("HearsayError");
    for (auto& out : outputs) {
      if (out->ok()) {
        result.append(py::str(out->value()));
      } else {
        result.append(error_type(out->status().ToString()));
      }
    }
    return result;
  }

 private:
  std::optional<Pipeline> pipeline_;  // always set after construction
};

}  // namespace
}  // namespace hearsay::python

PYBIND11_MODULE(_hearsay, m) {
  using namespace hearsay::python;
  m.doc() = "hearsay's C++ core: pipelines that turn text into the CLI's JSON (see the hearsay package)";
  static py::exception<StatusError> hearsay_error(m, "HearsayError", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      // Bad arguments are ValueErrors in Python; everything else (missing or
      // corrupt models, I/O) is a HearsayError.
      if (e.status.code() == hearsay::StatusCode::kInvalidArgument) {
        PyErr_SetString(PyExc_ValueError, e.status.ToString().c_str());
      } else {
        hearsay_error(e.status.ToString().c_str());
      }
    }
  });
  m.attr("SCHEMA_VERSION") = std::string(hearsay::io::kDocumentSchemaVersion);
  m.def("default_models_dir", &hearsay::DefaultModelsDirectory,
        "$HEARSAY_MODELS if set, else the models/ folder of the source tree the module was built from");
  m.def("component_names", &hearsay::RegisteredComponentNames, "every component this build knows, in order");
  py::class_<PyPipeline>(m, "Pipeline")
      .def(py::init<const std::string&, const std::optional<std::vector<std::string>>&>(),
           py::arg("models_dir"), py::arg("components") = py::none())
      .def_property_readonly("component_names", &PyPipeline::component_names)
      .def("process", &PyPipeline::Process, py::arg("item"))
      .def("process_batch", &PyPipeline::ProcessBatch, py::arg("items"), py::arg("threads") = 1);
}
