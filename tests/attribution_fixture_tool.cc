// Prints the hand-filled attribution fixture (attribution_fixture.h) in each
// output shape, so that tests/schema_test.py can validate what the writer
// makes of a Document with statements before the extractor exists.
//   attribution_fixture_tool document    the document JSON (pretty)
//   attribution_fixture_tool statements  the flat statement lines
//   attribution_fixture_tool record      the evaluation record (one line)
//   attribution_fixture_tool table       the who-said-what table
//   attribution_fixture_tool empty       the document JSON of a document the
//                                        attribution stage ran on and found nothing
#include <iostream>
#include <string>

#include "attribution_fixture.h"
#include "eval/attribution_records.h"
#include "io/document_json.h"

int main(int argc, char** argv) {
  using namespace hearsay;
  const std::string mode = argc == 2 ? argv[1] : "";
  try {
    if (mode == "empty") {
      DocumentMetadata metadata;
      metadata.id = "fixture-empty";
      Document doc("Nobody said anything today.", metadata);
      auto pipeline = Pipeline::FromNames({"tokenizer", "sentences", "quotations"});
      if (!pipeline.ok() || !pipeline->Process(doc).ok()) return 3;
      doc.filled_columns |= kColStatements;
      std::cout << io::DocumentToJson(doc).dump(2) << "\n";
      return 0;
    }
    const Document doc = testing::HarbourDocument();
    if (mode == "document") {
      std::cout << io::DocumentToJson(doc).dump(2) << "\n";
    } else if (mode == "statements") {
      for (const auto& line : io::StatementRecords(doc)) std::cout << line.dump() << "\n";
    } else if (mode == "record") {
      std::cout << eval::AttributionRecord(doc).dump() << "\n";
    } else if (mode == "table") {
      std::cout << io::DocumentToTable(doc);
    } else {
      std::cerr << "usage: attribution_fixture_tool document|statements|record|table|empty\n";
      return 2;
    }
  } catch (const std::exception& e) {
    std::cerr << "attribution_fixture_tool: " << e.what() << "\n";
    return 3;
  }
  return 0;
}
