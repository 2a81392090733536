using FluentValidation;
using Mediator;
using Posts.Application.Common.Results;

namespace Posts.Application.Common.Behaviours;

/// <summary>Runs the request's FluentValidation validators; failures become <c>validation_failed</c> keyed by camelCase field path.</summary>
internal sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IResultOf<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        Dictionary<string, List<string>>? errors = null;
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            foreach (var failure in result.Errors)
            {
                errors ??= [];
                var path = FieldPath.ToCamelCase(failure.PropertyName);
                if (!errors.TryGetValue(path, out var messages)) errors[path] = messages = [];
                messages.Add(failure.ErrorMessage);
            }
        }

        return errors is null
            ? await next(message, cancellationToken)
            : TResponse.Fail(Error.Validation(errors.ToDictionary(e => e.Key, e => e.Value.ToArray())));
    }
}
