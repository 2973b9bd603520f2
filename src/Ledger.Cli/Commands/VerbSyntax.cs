using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using CommandLine;

namespace Ledger.Cli.Commands;

/// <summary>
/// What the command line of one verb may hold: its name and the options its class declares, read from the class's
/// <c>[Verb]</c> and <c>[Option]</c> attributes the same way CommandLineParser reads them (public properties, inherited
/// ones too), so a new option is known here without a second list. <see cref="UsageCheck"/> uses it to catch mistakes
/// before the parser sees them.
/// </summary>
public sealed class VerbSyntax
{
    // Annotated: trimming keeps the public properties (and their attributes) this reads, as it does for the parser.
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
    private readonly Type _optionsType;

    private IReadOnlyList<OptionSyntax>? _options;

    /// <summary>Reads the verb's name from <paramref name="optionsType"/>'s <c>[Verb]</c>; its options are read when first asked for.</summary>
    public VerbSyntax([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type optionsType)
    {
        _optionsType = optionsType;
        Name = optionsType.GetCustomAttribute<VerbAttribute>()?.Name
               ?? throw new ArgumentException($"{optionsType.Name} has no [Verb] attribute", nameof(optionsType));
    }

    /// <summary>The verb, e.g. <c>apply</c>.</summary>
    public string Name { get; }

    /// <summary>The options class (the parser's key for the verb).</summary>
    public Type OptionsType => _optionsType;

    /// <summary>Every option of the verb, in declaration order (the verb's own first, then the inherited ones).</summary>
    public IReadOnlyList<OptionSyntax> Options => _options ??= _optionsType.GetProperties()
        .Select(p => (Property: p, Option: p.GetCustomAttribute<OptionAttribute>(inherit: true)))
        .Where(x => x.Option is not null)
        .Select(x => new OptionSyntax(x.Option!.LongName, x.Option.MetaValue, x.Option.Required, ValueKindOf(x.Property.PropertyType)))
        .ToList();

    /// <summary>The option called <c>--<paramref name="longName"/></c>, or null.</summary>
    public OptionSyntax? Find(string longName) => Options.FirstOrDefault(o => o.LongName == longName);

    private static OptionValue ValueKindOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        Type t when t == typeof(bool) => OptionValue.None,
        Type t when t == typeof(int) => OptionValue.WholeNumber,
        _ => OptionValue.Text,
    };
}
