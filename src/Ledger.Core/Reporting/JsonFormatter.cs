using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ledger.Diagnostics;

namespace Ledger.Reporting;

/// <summary>
/// A JSON array of findings, each <c>{ "code", "severity", "message", "path", "line", "column" }</c>;
/// severity is <c>error</c>, <c>warning</c> or <c>info</c>, line and column are 1-based.
/// </summary>
public sealed class JsonFormatter : IDiagnosticFormatter
{
    /// <summary>Indented, and non-ASCII kept as is (the output is a file or a pipe, never HTML).</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <inheritdoc />
    public void Write(TextWriter output, IReadOnlyList<Diagnostic> diagnostics)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartArray();
            foreach (Diagnostic d in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("code", d.Code);
                json.WriteString("severity", SeverityName(d.Severity));
                json.WriteString("message", d.Message);
                json.WriteString("path", ReportPath.Forward(d.Location.Path));
                json.WriteNumber("line", d.Location.Line);
                json.WriteNumber("column", d.Location.Column);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    internal static string SeverityName(Severity severity) => severity.ToString().ToLowerInvariant();
}
