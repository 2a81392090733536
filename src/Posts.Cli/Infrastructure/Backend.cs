using System.Text.Json;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Posts.Application;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Json;
using Posts.Application.Common.Results;
using Posts.Infrastructure;
using Spectre.Console;

namespace Posts.Cli.Infrastructure;

/// <summary>
/// The application core as the CLI uses it: built on first use (so <c>--help</c> needs no database),
/// one DI scope per request, and results written to the console or turned into an exit code.
/// </summary>
internal sealed class Backend(IConfiguration configuration, IAnsiConsole console, Terminal terminal) : IDisposable
{
    private static readonly JsonSerializerOptions Json = WireJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web), indented: true);

    private ServiceProvider? _services;

    public IServiceProvider Services => _services ??= Build();

    public async Task<Result<T>> SendAsync<T>(IMessage request, CancellationToken ct)
    {
        await using var scope = Services.CreateAsyncScope();
        var response = await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, ct);
        return (Result<T>)response!;
    }

    /// <summary>Writes the error as one line on stderr and returns its exit code.</summary>
    public int Fail(Error error)
    {
        var details = error.Details is { Count: > 0 } d && error.Code == ErrorCodes.ValidationFailed
            ? ": " + string.Join("; ", d.Select(kv => $"{kv.Key}: {string.Join(" ", (string[])kv.Value)}"))
            : "";
        terminal.Error.WriteLine($"error: {error.Code}: {error.Message}{details}");
        return ExitCodes.For(error);
    }

    public void WriteJson<T>(T value) => console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(value, Json));

    public void Dispose() => _services?.Dispose();

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        // Logs go to stderr, off unless Logging:LogLevel asks: stdout stays for results and --json.
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Critical).AddConfiguration(configuration.GetSection("Logging"))
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        services.AddApplication().AddInfrastructure(configuration);
        services.AddSingleton<ICurrentUser, SystemAdministrator>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
