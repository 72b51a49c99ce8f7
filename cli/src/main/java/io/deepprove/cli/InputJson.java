package io.deepprove.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.deepprove.onnx.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads model inputs in EZKL's JSON convention, {@code {"input_data": [[x...], ...]}}: one list per
 * graph input (in graph order), each the tensor flattened row-major; nested lists are flattened.
 *
 * <p>A file of several samples (for calibration) is accepted in two forms: a JSON array of such
 * objects, or one object whose {@code input_data} holds k·(number of graph inputs) lists, taken
 * as k consecutive samples. Every value must be a finite number that fits a float32.
 */
final class InputJson {
  private InputJson() {}

  /** A file that does not hold valid inputs; the message names the file. */
  static final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    InputException(Path file, String problem) {
      super(file + ": " + problem);
    }
  }

  /** Exactly one sample for the given graph inputs. */
  static List<float[]> readOne(Path file, List<TensorInfo> inputs) throws InputException {
    List<List<float[]>> s = read(file, inputs);
    if (s.size() != 1) {
      throw new InputException(file, "holds " + s.size() + " samples; give exactly one (one list per graph input, "
          + inputs.size() + " in all)");
    }
    return s.get(0);
  }

  /** One or more samples for the given graph inputs. */
  static List<List<float[]>> read(Path file, List<TensorInfo> inputs) throws InputException {
    JsonNode root;
    try {
      // NaN/Infinity tokens are read so that the error below can name them instead of a parser message
      root = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build()
          .readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new InputException(file, "no such file");
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage();
      String first = m == null ? "" : m.lines().findFirst().orElse("");
      int cut = first.indexOf(" (start marker");
      first = cut >= 0 ? first.substring(0, cut) : first;
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InputException(file, "not valid JSON (line " + line + "): " + first);
    } catch (IOException e) {
      throw new InputException(file, "cannot read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new InputException(file, "empty file");
    }
    List<JsonNode> objects = new ArrayList<>();
    if (root.isArray()) {
      if (root.isEmpty()) {
        throw new InputException(file, "empty list of samples");
      }
      root.forEach(objects::add);
    } else {
      objects.add(root);
    }
    List<List<float[]>> samples = new ArrayList<>();
    for (int o = 0; o < objects.size(); o++) {
      JsonNode obj = objects.get(o);
      String where = objects.size() > 1 ? "sample " + o + ": " : "";
      if (!obj.isObject()) {
        throw new InputException(file, where + "expected an object {\"input_data\": [[...]]}");
      }
      JsonNode data = obj.get("input_data");
      if (data == null) {
        throw new InputException(file, where + "missing key \"input_data\"");
      }
      if (!data.isArray() || data.isEmpty()) {
        throw new InputException(file, where + "\"input_data\" must be a non-empty list of lists");
      }
      int rows = data.size();
      int n = inputs.size();
      if (rows % n != 0) {
        throw new InputException(file, where + "\"input_data\" has " + rows + " lists; the model has " + n
            + " input" + (n == 1 ? "" : "s") + " (one list each)");
      }
      for (int s = 0; s < rows / n; s++) {
        List<float[]> sample = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          int row = s * n + k;
          TensorInfo info = inputs.get(k);
          List<Float> vals = new ArrayList<>();
          String at = where + "input_data[" + row + "]";
          flatten(file, at, data.get(row), vals);
          if (vals.size() != info.size()) {
            throw new InputException(file, at + " has " + vals.size() + " values; input '" + info.name()
                + "' of shape " + java.util.Arrays.toString(info.shape()) + " needs " + info.size());
          }
          float[] f = new float[vals.size()];
          for (int i = 0; i < f.length; i++) {
            f[i] = vals.get(i);
          }
          sample.add(f);
        }
        samples.add(sample);
      }
    }
    return samples;
  }

  private static void flatten(Path file, String at, JsonNode v, List<Float> out) throws InputException {
    if (v.isArray()) {
      for (JsonNode e : v) {
        flatten(file, at, e, out);
      }
      return;
    }
    if (!v.isNumber()) {
      throw new InputException(file, at + " holds " + describe(v) + ", not a number");
    }
    double d = v.asDouble();
    float f = (float) d;
    if (!Double.isFinite(d) || !Float.isFinite(f)) {
      throw new InputException(file, at + " holds " + v.asText() + ", not a finite float32");
    }
    out.add(f);
  }

  private static String describe(JsonNode v) {
    String t = v.isTextual() ? "\"" + v.asText() + "\"" : v.toString();
    return t.length() > 40 ? t.substring(0, 40) + "..." : t;
  }
}
