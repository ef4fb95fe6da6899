package io.taskbus.events;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/** The published JSON Schema of job events, used to check real events. */
final class JobEventSchema {
  private final Validator validator;

  JobEventSchema(String schemaText) {
    validator =
        Validator.create(
            JsonSchema.of(new JsonObject(schemaText)),
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://taskbus.io/"));
  }

  boolean valid(JsonObject json) {
    return validator.validate(json).getValid();
  }

  void assertValid(JsonObject event) {
    OutputUnit result = validator.validate(event);
    assertTrue(
        result.getValid(),
        () -> "not a valid job event: " + result.getErrors() + "\n" + event.encodePrettily());
  }
}
