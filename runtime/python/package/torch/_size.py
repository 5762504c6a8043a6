"""torch.Size: the shape of a tensor, a tuple of ints that prints as torch.Size([2, 3])."""

import operator


class Size(tuple):
    __slots__ = ()

    def __new__(cls, sizes=()):
        items = tuple(sizes)
        for i, item in enumerate(items):
            if not hasattr(item, "__index__") or isinstance(item, float):
                raise TypeError(
                    f"torch.Size() takes an iterable of 'int' (item {i} is '{type(item).__name__}')"
                )
        return super().__new__(cls, (operator.index(item) for item in items))

    @classmethod
    def _of(cls, ints):
        """A Size of ints known to be ints (a tensor's shape), without checking them again."""
        return tuple.__new__(cls, ints)

    def __repr__(self):
        return f"torch.Size([{', '.join(str(s) for s in self)}])"

    def __getitem__(self, key):
        item = super().__getitem__(key)
        # A slice of a Size holds valid sizes already (traced ones stay tensors while tracing).
        return Size._of(item) if isinstance(key, slice) else item

    def __add__(self, other):
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple(self) + tuple(other))

    def __mul__(self, count):
        if not hasattr(count, "__index__"):
            return NotImplemented
        return Size(tuple(self) * count)

    __rmul__ = __mul__

    def numel(self):
        """The number of elements of a tensor of this shape."""
        count = 1
        for s in self:
            count *= s
        return count

    def __reduce__(self):
        return (Size, (tuple(self),))
