package io.pumpops.modelpackage.onnx;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXOperators;

/** ONNX operators (opset 13) that Tribuo's operator set lacks. */
enum ExtraOperators implements ONNXOperator {
  /** A flat weight array into a matrix. */
  RESHAPE("Reshape", 2),
  /** Element-wise e^x, for the similarity model's Gaussian kernel. */
  EXP("Exp", 1);

  private final String opName;
  private final int inputs;

  ExtraOperators(String opName, int inputs) {
    this.opName = opName;
    this.inputs = inputs;
  }

  @Override
  public String getOpName() {
    return opName;
  }

  @Override
  public int getNumInputs() {
    return inputs;
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
