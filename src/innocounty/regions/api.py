from ninja import Router, Schema

from innocounty.regions.models import Province

router = Router(tags=["regions"])


class ProvinceOut(Schema):
    code: str
    name: str
    short_name: str
    belt: str


@router.get("/provinces", response=list[ProvinceOut], summary="Province-level units with their belt (东/中/西)")
def provinces(request):
    return list(Province.objects.all())
