using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Posts.Application;
using Posts.Application.Common.Abstractions;
using Posts.Infrastructure;
using Posts.Infrastructure.Events;
using Posts.WebSockets;
using Posts.WebSockets.Connections;
using Posts.WebSockets.Protocol;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls($"http://localhost:{builder.Configuration["POSTS_WS_PORT"] ?? "8080"}");

var sockets = builder.Configuration.GetSection(SocketOptions.Section).Get<SocketOptions>() ?? new SocketOptions();
builder.Services.AddOptions<SocketOptions>().BindConfiguration(SocketOptions.Section);
builder.Services.AddApplication().AddInfrastructure(builder.Configuration);
builder.Services.AddScoped<SocketCurrentUser>();
builder.Services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<SocketCurrentUser>());
builder.Services.AddSingleton<Dispatcher>();
builder.Services.AddSingleton<AsyncApiDocument>();
builder.Services.AddSingleton<SocketMetrics>();
builder.Services.AddSingleton<ConnectionRegistry>();
builder.Services.AddSingleton<ISessionListener>(sp => sp.GetRequiredService<ConnectionRegistry>());
builder.Services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<ConnectionRegistry>());
builder.Services.AddEventHub(builder.Configuration);

var app = builder.Build();
var options = new WebSocketOptions { KeepAliveInterval = sockets.KeepAliveInterval, KeepAliveTimeout = sockets.KeepAliveTimeout };
foreach (var origin in sockets.AllowedOrigins) options.AllowedOrigins.Add(origin);
app.UseWebSockets(options);

// Stop accepting, finish in-flight requests and close every socket with 1001, within the host's shutdown timeout.
var registry = app.Services.GetRequiredService<ConnectionRegistry>();
var shutdownTimeout = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
app.Lifetime.ApplicationStopping.Register(() => registry.StopAsync().Wait(shutdownTimeout));

app.Map("/", SocketEndpoint.HandleAsync);
app.MapGet(AsyncApiDocument.Path, (AsyncApiDocument document) => Results.Text(document.Text, "application/json"));
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready) });
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
