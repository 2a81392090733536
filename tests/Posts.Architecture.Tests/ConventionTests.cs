using System.Reflection;
using FluentAssertions;
using Mediator;
using Posts.Application;

namespace Posts.Architecture.Tests;

public sealed class ConventionTests
{
    private static readonly Assembly Application = typeof(Catalogue).Assembly;

    private static readonly Type[] HandlerInterfaces = [typeof(ICommandHandler<,>), typeof(IQueryHandler<,>), typeof(IRequestHandler<,>)];

    private static IEnumerable<Type> Handlers => Application.GetTypes().Where(t => !t.IsAbstract && t.GetInterfaces()
        .Any(i => i.IsGenericType && HandlerInterfaces.Contains(i.GetGenericTypeDefinition())));

    private static IEnumerable<Type> Messages => Application.GetTypes().Where(t => !t.IsAbstract && typeof(IMessage).IsAssignableFrom(t));

    [Fact]
    public void Handlers_are_internal_and_sealed()
    {
        Handlers.Should().NotBeEmpty();
        Handlers.Where(t => t.IsPublic || !t.IsSealed).Should().BeEmpty();
    }

    [Fact]
    public void Messages_are_sealed_records_without_setters()
    {
        Messages.Should().NotBeEmpty();
        foreach (var message in Messages)
        {
            message.IsSealed.Should().BeTrue($"{message.Name} should be sealed");
            message.GetMethod("<Clone>$").Should().NotBeNull($"{message.Name} should be a record");
            message.GetProperties().Where(p => p.SetMethod is { } set && !set.ReturnParameter.GetRequiredCustomModifiers()
                    .Contains(typeof(System.Runtime.CompilerServices.IsExternalInit)))
                .Should().BeEmpty($"{message.Name} should be immutable");
        }
    }

    [Fact]
    public void Every_catalogue_entry_is_a_message_with_a_handler_and_a_unique_wire_name()
    {
        var handled = Handlers.SelectMany(h => h.GetInterfaces()).Where(i => i.IsGenericType).Select(i => i.GetGenericArguments()[0]).ToHashSet();

        Catalogue.Entries.Select(e => e.WireName).Should().OnlyHaveUniqueItems();
        Catalogue.Entries.Where(e => !handled.Contains(e.RequestType)).Should().BeEmpty();
    }

    [Fact]
    public void Administrator_requests_are_exposed_by_the_cli_alone()
    {
        var adminOnly = Catalogue.Entries.Where(e => typeof(Posts.Application.Common.Abstractions.IRequiresAdmin).IsAssignableFrom(e.RequestType));

        adminOnly.Should().NotBeEmpty().And.OnlyContain(e => e.Adapters == Adapters.Cli);
    }
}
