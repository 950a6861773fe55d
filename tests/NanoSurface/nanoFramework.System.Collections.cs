// nanoFramework.System.Collections 1.5.75: Hashtable, Queue, Stack (ArrayList is in mscorlib).
// Source: nanoframework/nanoFramework.System.Collections nanoFramework.System.Collections/Collections/*.cs (read at
// 8a20f0f, v1.5.59 plus dependency updates; the public API is the one 1.5.75 ships). DictionaryEntry is a class;
// Hashtable's members are not virtual. No ContainsKey and no TryGetValue: use Contains.
namespace System.Collections
{
    public class DictionaryEntry
    {
        public object Key;
        public object Value;
        public DictionaryEntry(object key, object value) { }
    }

    public interface IDictionary : ICollection
    {
        object this[object key] { get; set; }
        bool IsReadOnly { get; }
        bool IsFixedSize { get; }
        ICollection Keys { get; }
        ICollection Values { get; }
        void Add(object key, object value);
        void Clear();
        bool Contains(object key);
        void Remove(object key);
    }

    public interface IDictionaryEnumerator : IEnumerator
    {
        object Key { get; }
        object Value { get; }
        DictionaryEntry Entry { get; }
    }

    public class Hashtable : ICloneable, IDictionary
    {
        public Hashtable() { }
        public Hashtable(int capacity) { }
        public Hashtable(int capacity, float loadFactor) { }
        public object this[object key] { get { throw null; } set { } }
        public ICollection Keys { get { throw null; } }
        public ICollection Values { get { throw null; } }
        public int Count { get { throw null; } }
        public bool IsReadOnly { get { throw null; } }
        public bool IsFixedSize { get { throw null; } }
        public bool IsSynchronized { get { throw null; } }
        public object SyncRoot { get { throw null; } }
        public void Add(object key, object value) { }
        public void Clear() { }
        public object Clone() { throw null; }
        public bool Contains(object key) { throw null; }
        public void Remove(object key) { }
        public void CopyTo(Array array, int index) { }
        public IEnumerator GetEnumerator() { throw null; }
    }

    public class Queue : ICollection, ICloneable
    {
        public Queue() { }
        public virtual int Count { get { throw null; } }
        public virtual bool IsSynchronized { get { throw null; } }
        public virtual object SyncRoot { get { throw null; } }
        public virtual void Clear() { }
        public virtual object Clone() { throw null; }
        public virtual bool Contains(object obj) { throw null; }
        public virtual void CopyTo(Array array, int index) { }
        public virtual object Dequeue() { throw null; }
        public virtual void Enqueue(object obj) { }
        public virtual IEnumerator GetEnumerator() { throw null; }
        public virtual object Peek() { throw null; }
        public virtual object[] ToArray() { throw null; }
    }

    public class Stack : ICollection, ICloneable
    {
        public Stack() { }
        public virtual int Count { get { throw null; } }
        public virtual bool IsSynchronized { get { throw null; } }
        public virtual object SyncRoot { get { throw null; } }
        public virtual void Clear() { }
        public virtual object Clone() { throw null; }
        public virtual bool Contains(object obj) { throw null; }
        public virtual void CopyTo(Array array, int index) { }
        public virtual IEnumerator GetEnumerator() { throw null; }
        public virtual object Peek() { throw null; }
        public virtual object Pop() { throw null; }
        public virtual void Push(object obj) { }
        public virtual object[] ToArray() { throw null; }
    }
}
