using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Cli.Configuration;

/// <summary>
/// How <c>ledger.json</c> is read, generated at build time (System.Text.Json source generation): reading it by
/// reflection made every command that finds a <c>ledger.json</c> compile about 150 serializer methods at start-up
/// (≈ 30 ms of every run). The settings records have settable properties because the generator cannot set init-only ones.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    // A misspelt setting would otherwise be ignored without a word.
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(LedgerConfig))]
internal sealed partial class ConfigJson : JsonSerializerContext;
