// Labels of the methods a result names by an enum: the dictionary's entry
// `family.rawValue` (LabelsTests checks every case has one).

import Report
import Grey
import Psychometrics

extension Labels {
  public subscript(method method: ExtractionMethod) -> String { named("efa.method", method.rawValue) }
  public subscript(rotation rotation: RotationMethod) -> String { named("efa.rotation", rotation.rawValue) }
  public subscript(normalization normalization: Normalization) -> String { named("norm", normalization.rawValue) }
}
