package io.deepprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepprove.onnx.examples.ExampleModels;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code deepprove examples write DIR}: the benchmark models with a sample input and calibration set. */
@Command(
    name = "examples",
    header = "Write the example models with a sample input and calibration inputs each.",
    mixinStandardHelpOptions = true,
    description = {"Write the example models (generated deterministically): for each NAME of mlp-mnist, cnn-264k,",
        "dense-4m: DIR/NAME.onnx, a sample input DIR/NAME.input.json and calibration inputs DIR/NAME.calibration.json."})
final class ExamplesCommand implements Callable<Integer> {

  static final int CALIBRATION_SAMPLES = 8;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "write", description = "the action (write)")
  String action;

  @Parameters(index = "1", paramLabel = "DIR", defaultValue = "examples", description = "target folder (default: examples)")
  Path dir;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!action.equals("write")) {
      return Main.fail(err, "examples: unknown action '" + action + "' (use: deepprove examples write DIR)", null, false);
    }
    PrintWriter o = spec.commandLine().getOut();
    ObjectMapper m = new ObjectMapper();
    try {
      for (String name : ExampleModels.NAMES) {
        var model = ExampleModels.byName(name);
        CliFiles.write(dir.resolve(name + ".onnx"), model.toByteArray());
        CliFiles.write(dir.resolve(name + ".input.json"), sample(m, name, 1000).getBytes(StandardCharsets.UTF_8));
        ArrayNode cal = m.createArrayNode();
        for (int s = 0; s < CALIBRATION_SAMPLES; s++) {
          cal.add(m.readTree(sample(m, name, s)));
        }
        CliFiles.write(dir.resolve(name + ".calibration.json"), m.writeValueAsString(cal).getBytes(StandardCharsets.UTF_8));
        o.printf(Locale.ROOT, "wrote %s (%,d parameters) with a sample input and %d calibration inputs%n",
            dir.resolve(name + ".onnx"), ExampleModels.parameters(model), CALIBRATION_SAMPLES);
      }
    } catch (CliFiles.FileException e) {
      return Main.fail(err, e.getMessage(), e, false);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return 0;
  }

  private static String sample(ObjectMapper m, String name, long seed) {
    ObjectNode root = m.createObjectNode();
    ArrayNode row = root.putArray("input_data").addArray();
    for (float f : ExampleModels.sampleInput(name, seed)) {
      row.add(f);
    }
    return root.toString();
  }
}
