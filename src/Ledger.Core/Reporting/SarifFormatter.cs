using System.Buffers;
using System.Text;
using System.Text.Json;
using Ledger.Diagnostics;
using Ledger.Linting;

namespace Ledger.Reporting;

/// <summary>
/// SARIF 2.1.0, as GitHub code scanning reads it: one run whose driver lists every rule the run knows (Core's and the
/// engines', <see cref="RuleSet"/>; with a help link into docs/lint-rules.md) and one result per finding.
/// </summary>
/// <param name="tool">Name, version and links of the tool.</param>
/// <param name="rules">The rules to list; Core's when null.</param>
public sealed class SarifFormatter(ToolInfo tool, RuleSet? rules = null) : IDiagnosticFormatter
{
    private readonly IReadOnlyList<DiagnosticDescriptor> _rules = (rules ?? RuleSet.Core).All;

    /// <summary>The schema GitHub's documentation points to.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <inheritdoc />
    public void Write(TextWriter output, IReadOnlyList<Diagnostic> diagnostics)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonFormatter.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();
            WriteTool(json);
            // Our columns count UTF-16 code units (SourceLocation), which SARIF lets a run declare.
            json.WriteString("columnKind", "utf16CodeUnits");
            json.WriteStartArray("results");
            foreach (Diagnostic d in diagnostics)
            {
                WriteResult(json, d);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private void WriteTool(Utf8JsonWriter json)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", tool.Name);
        json.WriteString("semanticVersion", tool.Version);
        if (tool.InformationUri is not null) json.WriteString("informationUri", tool.InformationUri.AbsoluteUri);
        json.WriteStartArray("rules");
        foreach (DiagnosticDescriptor rule in _rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Code);
            json.WriteString("name", rule.Name);
            WriteText(json, "shortDescription", rule.Title);
            WriteText(json, "fullDescription",
                $"{rule.Title}. Default severity: {JsonFormatter.SeverityName(rule.DefaultSeverity)}; " +
                (rule.Configurable ? "its severity can be changed in ledger.json." : "not configurable, as it protects the databases."));
            if (tool.HelpUriOf(rule.Code) is Uri help) json.WriteString("helpUri", help.AbsoluteUri);
            WriteText(json, "help", $"See docs/lint-rules.md, section {rule.Code}, for a bad and a good example.");
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule.DefaultSeverity));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteResult(Utf8JsonWriter json, Diagnostic d)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", d.Code);
        int index = IndexOf(d.Code);
        if (index >= 0) json.WriteNumber("ruleIndex", index);
        json.WriteString("level", Level(d.Severity));
        WriteText(json, "message", d.Message);
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", ReportPath.Uri(d.Location.Path));
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", Math.Max(1, d.Location.Line));
        json.WriteNumber("startColumn", Math.Max(1, d.Location.Column));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private int IndexOf(string code)
    {
        for (int i = 0; i < _rules.Count; i++)
        {
            if (string.Equals(_rules[i].Code, code, StringComparison.OrdinalIgnoreCase)) return i;
        }

        return -1;
    }

    private static void WriteText(Utf8JsonWriter json, string property, string text)
    {
        json.WriteStartObject(property);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    /// <summary>SARIF's levels: error, warning, note.</summary>
    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };
}
