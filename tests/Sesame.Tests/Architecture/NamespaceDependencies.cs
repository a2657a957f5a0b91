using System.Reflection;
using System.Reflection.Emit;

namespace Sesame.Tests.Architecture;

/// <summary>
/// The namespace-to-namespace dependencies of a compiled assembly, read from its types' signatures and their methods'
/// IL (calls, field accesses, type tokens, locals), so a dependency that only a method body has is seen too.
/// Compiler-generated types (closures, state machines) count for the type they are nested in.
/// </summary>
internal sealed class NamespaceDependencies
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    private readonly Assembly _assembly;
    private readonly string _root;

    private NamespaceDependencies(Assembly assembly, string root)
    {
        _assembly = assembly;
        _root = root;
    }

    /// <summary>Each namespace of <paramref name="root"/> (itself or below) with the namespaces it uses, and why.</summary>
    public Dictionary<string, Dictionary<string, SortedSet<string>>> Edges { get; } = new(StringComparer.Ordinal);

    public static NamespaceDependencies Of(Assembly assembly, string root)
    {
        var dependencies = new NamespaceDependencies(assembly, root);
        foreach (var type in assembly.GetTypes())
        {
            dependencies.Visit(type);
        }
        return dependencies;
    }

    /// <summary>The strongly connected groups of more than one namespace (each is a cycle).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<IReadOnlyList<string>>();

        void Connect(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Edges.TryGetValue(node, out var targets) ? targets.Keys.ToList() : [])
            {
                if (!index.TryGetValue(next, out var nextIndex))
                {
                    Connect(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], nextIndex);
                }
            }
            if (low[node] != index[node])
            {
                return;
            }
            var group = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                group.Add(member);
            }
            while (member != node);
            if (group.Count > 1)
            {
                group.Sort(StringComparer.Ordinal);
                groups.Add(group);
            }
        }

        foreach (var node in Edges.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(node))
            {
                Connect(node);
            }
        }
        return groups;
    }

    private void Visit(Type type)
    {
        var from = NamespaceOf(type);
        if (from is null)
        {
            return;
        }
        var owner = Outermost(type).Name;
        Use(from, type.BaseType, owner);
        foreach (var contract in type.GetInterfaces())
        {
            Use(from, contract, owner);
        }
        foreach (var field in type.GetFields(Everything))
        {
            Use(from, field.FieldType, $"{owner}.{field.Name}");
        }
        foreach (var property in type.GetProperties(Everything))
        {
            Use(from, property.PropertyType, $"{owner}.{property.Name}");
        }
        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            var where = $"{owner}.{method.Name}";
            if (method is MethodInfo info)
            {
                Use(from, info.ReturnType, where);
            }
            foreach (var parameter in method.GetParameters())
            {
                Use(from, parameter.ParameterType, where);
            }
            VisitBody(from, type, method, where);
        }
    }

    private void VisitBody(string from, Type type, MethodBase method, string where)
    {
        MethodBody? body;
        try
        {
            body = method.GetMethodBody();
        }
        catch (Exception exception) when (exception is BadImageFormatException or InvalidOperationException)
        {
            return;
        }
        if (body is null)
        {
            return;
        }
        foreach (var local in body.LocalVariables)
        {
            Use(from, local.LocalType, where);
        }
        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var offset = 0; offset < il.Length;)
        {
            short value = il[offset++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[offset++]));
            }
            if (!OpCodesByValue.TryGetValue(value, out var code))
            {
                return; // not an opcode we know: stop reading this body rather than misread it
            }
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, offset);
                    try
                    {
                        var member = type.Module.ResolveMember(token, typeArguments, methodArguments);
                        switch (member)
                        {
                            case Type referenced:
                                Use(from, referenced, where);
                                break;
                            case MethodBase called:
                                Use(from, called.DeclaringType, where);
                                if (called.IsGenericMethod)
                                {
                                    foreach (var argument in called.GetGenericArguments())
                                    {
                                        Use(from, argument, where);
                                    }
                                }
                                break;
                            case FieldInfo field:
                                Use(from, field.DeclaringType, where);
                                break;
                        }
                    }
                    catch (Exception exception) when (exception is ArgumentException or TypeLoadException or MissingMemberException or BadImageFormatException)
                    {
                        // a member of an assembly not loaded here: not one of ours, so no edge to record
                    }
                    offset += 4;
                    break;
                case OperandType.InlineSwitch:
                    offset += 4 + (4 * BitConverter.ToInt32(il, offset));
                    break;
                default:
                    offset += OperandSize(code.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private void Use(string from, Type? used, string where)
    {
        if (used is null)
        {
            return;
        }
        if (used.HasElementType)
        {
            Use(from, used.GetElementType(), where);
            return;
        }
        if (used.IsGenericType && !used.IsGenericTypeDefinition)
        {
            foreach (var argument in used.GetGenericArguments())
            {
                Use(from, argument, where);
            }
            used = used.GetGenericTypeDefinition();
        }
        if (used.IsGenericParameter || used.Assembly != _assembly)
        {
            return;
        }
        var to = NamespaceOf(used);
        if (to is null || to == from)
        {
            return;
        }
        if (!Edges.TryGetValue(from, out var targets))
        {
            Edges[from] = targets = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        }
        if (!targets.TryGetValue(to, out var reasons))
        {
            targets[to] = reasons = new SortedSet<string>(StringComparer.Ordinal);
        }
        reasons.Add($"{where} uses {Outermost(used).Name}");
    }

    private string? NamespaceOf(Type type)
    {
        var name = Outermost(type).Namespace;
        return name is not null && (name == _root || name.StartsWith(_root + ".", StringComparison.Ordinal)) ? name : null;
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }
        return type;
    }
}
