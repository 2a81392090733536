using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Posts.Api.Http;

namespace Posts.Api.OpenApi;

/// <summary>The OpenAPI 3.1 document: the bearer scheme, required on every endpoint that reads it.</summary>
internal static class OpenApiSetup
{
    private const string Bearer = "Bearer";

    public static IServiceCollection AddPostsOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Posts HTTP API",
                Version = "v1",
                Description = "Sign in with POST /tokens, then send Authorization: Bearer <token>. Errors are RFC 9457 problem details with a `code`.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An opaque token from POST /tokens (43 characters, base64url).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<BearerSecured>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
            }

            return Task.CompletedTask;
        });
    });
}
