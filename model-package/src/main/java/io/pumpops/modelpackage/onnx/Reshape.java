package io.pumpops.modelpackage.onnx;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/** ONNX's Reshape (opset 13), which Tribuo's operator set lacks: a flat weight array into a matrix. */
enum Reshape implements ONNXOperator {
  RESHAPE;

  @Override
  public String getOpName() {
    return "Reshape";
  }

  @Override
  public int getNumInputs() {
    return 2;
  }

  @Override
  public int getNumOptionalInputs() {
    return 0;
  }

  @Override
  public int getNumOutputs() {
    return 1;
  }

  @Override
  public Map<String, ONNXAttribute> getAttributes() {
    return Collections.emptyMap();
  }

  @Override
  public Set<String> getMandatoryAttributeNames() {
    return Collections.emptySet();
  }

  @Override
  public int getOpVersion() {
    return ONNXOperators.getOpsetVersion();
  }

  @Override
  public String getOpDomain() {
    return "ai.onnx";
  }
}
