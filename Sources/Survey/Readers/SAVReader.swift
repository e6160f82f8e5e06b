import CReadStat
import Foundation

// SPSS system files (.sav, .zsav) through ReadStat. Numeric variables become
// numeric columns and string variables text columns; a variable's label is
// the column label, its value labels are kept on the column, and values the
// file declares user-missing (SPSS "missing values" ranges and codes, e.g.
// 问卷星's -2/-3 after an SPSS export) are missing cells, as SPSS treats them.

public enum SAVReader {
  public static func read(path: String, missingCodes: [String] = []) throws(InputError) -> DataFrame {
    guard let fh = FileHandle(forReadingAtPath: path) else { throw InputError(file: path, "file not found") }
    let magic = fh.readData(ofLength: 4)
    try? fh.close()
    // Every system file starts with "$FL2" (or "$FL3" for ZSAV).
    guard magic == Data("$FL2".utf8) || magic == Data("$FL3".utf8) else {
      throw InputError(file: path, "is not an SPSS .sav file (it lacks the $FL2 signature); export it again from SPSS, or give a CSV or .xlsx file its own extension")
    }
    guard let parser = readstat_parser_init() else { preconditionFailure("readstat_parser_init failed") }
    defer { readstat_parser_free(parser) }
    let ctx = _SAVContext()
    let unmanaged = Unmanaged.passRetained(ctx)
    defer { unmanaged.release() }

    readstat_set_metadata_handler(parser) { metadata, raw in
      let ctx = Unmanaged<_SAVContext>.fromOpaque(raw!).takeUnretainedValue()
      ctx.rowCount = Int(readstat_get_row_count(metadata))
      return Int32(READSTAT_HANDLER_OK)
    }
    readstat_set_variable_handler(parser) { index, variable, labelSet, raw in
      let ctx = Unmanaged<_SAVContext>.fromOpaque(raw!).takeUnretainedValue()
      let name = String(cString: readstat_variable_get_name(variable))
      let label = readstat_variable_get_label(variable).map { String(cString: $0) }
      let isString = readstat_variable_get_type(variable) == READSTAT_TYPE_STRING
      ctx.variables.append(_SAVVariable(
        name: name, label: (label?.isEmpty ?? true) ? nil : label, isString: isString,
        labelSet: labelSet.map { String(cString: $0) }))
      return Int32(READSTAT_HANDLER_OK)
    }
    readstat_set_value_label_handler(parser) { setName, value, label, raw in
      let ctx = Unmanaged<_SAVContext>.fromOpaque(raw!).takeUnretainedValue()
      let set = String(cString: setName!)
      let text = String(cString: label!)
      if readstat_value_type(value) == READSTAT_TYPE_STRING {
        ctx.stringLabels[set, default: [:]][String(cString: readstat_string_value(value))] = text
      } else if readstat_value_is_system_missing(value) == 0 {
        ctx.numericLabels[set, default: [:]][readstat_double_value(value)] = text
      }
      return Int32(READSTAT_HANDLER_OK)
    }
    readstat_set_value_handler(parser) { obs, variable, value, raw in
      let ctx = Unmanaged<_SAVContext>.fromOpaque(raw!).takeUnretainedValue()
      let j = Int(readstat_variable_get_index(variable))
      ctx.store(row: Int(obs), column: j, value: value, variable: variable)
      return Int32(READSTAT_HANDLER_OK)
    }
    let status = readstat_parse_sav(parser, path, unmanaged.toOpaque())
    if status != READSTAT_OK {
      let reason = String(cString: readstat_error_message(status))
      if status == READSTAT_ERROR_PARSE || status == READSTAT_ERROR_UNSUPPORTED_FILE_FORMAT_VERSION {
        throw InputError(file: path, "is not an SPSS .sav file that can be read (\(reason)); export it again from SPSS or as CSV")
      }
      throw InputError(file: path, "cannot be read as SPSS .sav: \(reason)")
    }
    if ctx.variables.isEmpty { throw InputError(file: path, "the SPSS file has no variables") }
    let rows = ctx.rowsSeen
    if rows == 0 { throw InputError(file: path, "the SPSS file has variables but no cases") }

    let missing = _MissingCodes(missingCodes)
    var columns: [Column] = []
    for (j, v) in ctx.variables.enumerated() {
      var column: Column
      if v.isString {
        var b = _ColumnBuilder(name: v.name)
        let cells = j < ctx.strings.count ? ctx.strings[j] : []
        for r in 0..<rows {
          let t = r < cells.count ? cells[r] : nil
          try b.append(t.map { missing.classify($0) } ?? .missing, row: r + 1, line: r + 1) { () throws(InputError) -> String in t ?? "" }
        }
        column = b.column
        if !column.isNumeric, let set = v.labelSet, let labels = ctx.stringLabels[set] {
          column.valueLabels = labels.map { ValueLabel(code: $0.key, label: $0.value) }.sorted { $0.code < $1.code }
        }
      } else {
        var values = j < ctx.numbers.count ? ctx.numbers[j] : []
        if values.count < rows { values += repeatElement(.nan, count: rows - values.count) }
        if !missing.numbers.isEmpty {
          for r in values.indices where missing.numbers.contains(values[r]) { values[r] = .nan }
        }
        column = Column(name: v.name, values: .numeric(values))
        if let set = v.labelSet, let labels = ctx.numericLabels[set] {
          column.valueLabels = labels.sorted { $0.key < $1.key }.map { ValueLabel(code: formatNumberCompact($0.key), label: $0.value) }
        }
      }
      column.label = v.label
      columns.append(column)
    }
    return DataFrame(source: path, columns: columns, rowCount: rows, lines: Array(1...rows))
  }
}

struct _SAVVariable {
  var name: String
  var label: String?
  var isString: Bool
  var labelSet: String?
}

final class _SAVContext {
  var rowCount = 0
  var rowsSeen = 0
  var variables: [_SAVVariable] = []
  /// Per variable (by index): its cells so far.
  var numbers: [[Double]] = []
  var strings: [[String?]] = []
  var numericLabels: [String: [Double: String]] = [:]
  var stringLabels: [String: [String: String]] = [:]

  func store(row: Int, column j: Int, value: readstat_value_t, variable: UnsafeMutablePointer<readstat_variable_t>?) {
    rowsSeen = max(rowsSeen, row + 1)
    while numbers.count <= j { numbers.append([]); strings.append([]) }
    let isMissing = readstat_value_is_system_missing(value) != 0 || readstat_value_is_defined_missing(value, variable) != 0
    if readstat_value_type(value) == READSTAT_TYPE_STRING {
      while strings[j].count < row { strings[j].append(nil) }
      let s = isMissing ? nil : readstat_string_value(value).map { String(cString: $0) }
      strings[j].append((s?.isEmpty ?? true) ? nil : s)
    } else {
      while numbers[j].count < row { numbers[j].append(.nan) }
      numbers[j].append(isMissing ? .nan : readstat_double_value(value))
    }
  }
}
