using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.HttpOverrides;
using Posts.Api;
using Posts.Api.Authentication;
using Posts.Api.Endpoints;
using Posts.Api.Http;
using Posts.Api.OpenApi;
using Posts.Application;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Json;
using Posts.Application.Common.Results;
using Posts.Infrastructure;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls($"http://localhost:{builder.Configuration["POSTS_API_PORT"] ?? "5000"}");

var api = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = api.MaxRequestBodyBytes);

builder.Services.AddApplication().AddInfrastructure(builder.Configuration);
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ICurrentUser, HttpCurrentUser>();
builder.Services.AddSingleton<TokenCache>();
builder.Services.AddSingleton<ISessionListener>(sp => sp.GetRequiredService<TokenCache>());
// Revocations made by other hosts arrive as events and drop cached tokens here too.
builder.Services.AddEventHub(builder.Configuration);
builder.Services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);

builder.Services.ConfigureHttpJsonOptions(json =>
{
    WireJson.Configure(json.SerializerOptions, indented: false);
    // No mass assignment: a property the request does not have is an error, not silently dropped.
    json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
});
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context => Problems.Fill(context.ProblemDetails, context.HttpContext));
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

builder.Services.Configure<ForwardedHeadersOptions>(options =>
{
    options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    // Only the configured proxies are believed; by default ASP.NET would trust loopback.
    options.KnownProxies.Clear();
    options.KnownIPNetworks.Clear();
    foreach (var proxy in api.KnownProxies) options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
});
builder.Services.AddRateLimiter(options =>
{
    options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    options.AddPolicy(TokensEndpoints.SignInRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
        http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = api.TokenRequestLimit, Window = api.TokenRequestWindow }));
    options.OnRejected = async (context, ct) =>
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : api.TokenRequestWindow;
        await Error.RateLimited(retryAfter).ToProblem(context.HttpContext).ExecuteAsync(context.HttpContext);
    };
});
if (api.CorsOrigins.Length > 0)
{
    builder.Services.AddCors(options => options.AddDefaultPolicy(policy => policy.WithOrigins(api.CorsOrigins)
        .AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("ETag", "Location", "Link", "Retry-After", "WWW-Authenticate")));
}

// One line per request: method, path, status, duration. Never headers (Authorization) or bodies (passwords).
// appsettings.json keeps its category at Information while the rest of Microsoft.AspNetCore is at Warning.
builder.Services.AddHttpLogging(options =>
{
    options.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
    options.CombineLogs = true;
});
builder.Services.AddPostsOpenApi();

var app = builder.Build();
// With no known proxy, X-Forwarded-For is never read: ASP.NET treats empty KnownProxies and KnownIPNetworks as
// "trust every proxy", and believes the header from a connection without an address (a Unix socket) regardless.
if (api.KnownProxies.Length > 0) app.UseForwardedHeaders();
app.UseHttpLogging();
app.UseExceptionHandler();
// What routing answers by itself (404, 405, 415) is problem+json whatever the client accepts.
app.UseStatusCodePages(context =>
{
    var http = context.HttpContext;
    var status = http.Response.StatusCode;
    return TypedResults.Problem(Problems.Create(http, Problems.CodeFor(status), null, status)).ExecuteAsync(http);
});
app.Use(async (http, next) =>
{
    // Kestrel enforces the limit while reading; this answers early, and under test servers too.
    if (http.Request.ContentLength > api.MaxRequestBodyBytes)
        throw new BadHttpRequestException("The body is too large.", StatusCodes.Status413PayloadTooLarge);
    await next(http);
});
if (api.CorsOrigins.Length > 0) app.UseCors();
app.UseAuthentication();
app.UseRateLimiter();

app.MapTokensEndpoints();
app.MapMeEndpoints();
app.MapPostsEndpoints();
app.MapCommentsEndpoints();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready) });
app.MapOpenApi();
app.MapScalarApiReference();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
