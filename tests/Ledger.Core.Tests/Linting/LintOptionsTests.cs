using Ledger.Diagnostics;
using Ledger.Execution;
using Ledger.Journal;
using Ledger.Linting;
using Ledger.Scoping;
using Ledger.Targets;

namespace Ledger.Tests.Linting;

/// <summary>
/// <see cref="LintOptions.For"/>, the one way the tool's verbs and the hosting facade make lint options from the scopes
/// and the registered engines, and <see cref="LintOptions.SqlChecks"/>, through which an engine's SQL check reaches lint
/// without the host naming the engine.
/// </summary>
[TestClass]
public sealed class LintOptionsTests
{
    private static readonly FakeEngine Files = new("files", needsServer: false);
    private static readonly FakeEngine Server = new("server", needsServer: true);
    private static readonly EngineRegistry Registry = new(Files, Server);

    [TestMethod]
    public void AScopeThatNamesNoEngineHasTheDefault()
    {
        var scopes = new ScopeLayout([new ScopeDefinition("system") { Engine = "server" }, new ScopeDefinition("user"), new ScopeDefinition("cache") { Engine = "server" }]);

        LintOptions options = LintOptions.For(scopes, Registry);

        CollectionAssert.AreEqual(new[] { "system", "user", "cache" }, options.Scopes.ToArray());
        CollectionAssert.AreEqual(new[] { "server", "files" }, options.Engines!.ToArray(), "each engine once, in the scopes' order");
        Assert.AreEqual("files", options.ScopeEngines!["user"]);
        Assert.AreEqual("server", options.ScopeEngines["cache"]);
        Assert.HasCount(2, options.EngineRules, "every registered engine's rules, for suppressions, severities and SARIF");
    }

    [TestMethod]
    public void OnlyTheEnginesInUseGiveTheirSqlCheck()
    {
        LintOptions serverOnly = LintOptions.For(new ScopeLayout([new ScopeDefinition("system") { Engine = "server" }]), Registry);

        IReadOnlyList<ILintRule> checks = serverOnly.SqlChecks(new SqlCheckSettings { DevDatabase = "Host=dev", DevDatabaseSetting = "--dev-database" });

        Assert.AreEqual("server check on Host=dev (--dev-database)", ((Check)checks.Single()).Description);
    }

    [TestMethod]
    public void AnEngineWhoseSettingIsMissingGivesNoCheckAndTheOthersKeepTheirsInRegistrationOrder()
    {
        LintOptions both = LintOptions.For(new ScopeLayout([new ScopeDefinition("system") { Engine = "server" }, new ScopeDefinition("user")]), Registry);

        Assert.AreEqual("files check on (none) (lint.devDatabase)", string.Join("; ", both.SqlChecks(new SqlCheckSettings()).Select(c => ((Check)c).Description)));
        Assert.AreEqual("files check on Host=dev (lint.devDatabase); server check on Host=dev (lint.devDatabase)",
            string.Join("; ", both.SqlChecks(new SqlCheckSettings { DevDatabase = "Host=dev" }).Select(c => ((Check)c).Description)));
    }

    /// <summary>An engine with lint rules and a SQL check; one that needs a server gives none without a development database.</summary>
    private sealed class FakeEngine(string name, bool needsServer) : IDatabaseEngine, IEngineLintRules
    {
        public string Name => name;

        public string Engine => name;

        public string JournalTable => "journal";

        public IReadOnlyList<DiagnosticDescriptor> Descriptors => [];

        public IReadOnlyList<ILintRule> CreateRules() => [];

        public ILintRule? CreateSqlCheck(SqlCheckSettings settings) =>
            needsServer && settings.DevDatabase is null ? null : new Check($"{name} check on {settings.DevDatabase ?? "(none)"} ({settings.DevDatabaseSetting})");

        public IJournalDialect Dialect => throw new NotSupportedException();

        public ITargetResolver Targets => throw new NotSupportedException();

        public Task<bool> ExistsAsync(DatabaseTarget target, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IMigrationConnection> OpenAsync(DatabaseTarget target, bool create, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IMigrationConnection> OpenReadOnlyAsync(DatabaseTarget target, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class Check(string description) : ILintRule
    {
        public string Description => description;

        public IReadOnlyList<DiagnosticDescriptor> Descriptors => [];

        public void Analyze(LintContext context)
        {
        }
    }
}
